-- Semantic memory: stored turns are embedded in the background (vectors live in MongoDB, collection embeddings).
ALTER TABLE context_turn ADD COLUMN embedded_at timestamptz;
-- the embedder reads the turns still waiting, oldest first
CREATE INDEX context_turn_embedding_pending_idx ON context_turn (created_at) WHERE embedded_at IS NULL;
