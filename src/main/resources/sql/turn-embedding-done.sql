UPDATE context_turn SET embedded_at = now() WHERE id = :#turnId
