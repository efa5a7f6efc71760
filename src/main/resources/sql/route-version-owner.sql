-- the unit a route id belongs to: the unit itself, or the latest version naming it among its routes/templates
SELECT route_id FROM route_version
WHERE route_id = ? OR ? = ANY(route_ids) OR ? = ANY(template_ids)
ORDER BY (route_id = ?) DESC, created_at DESC LIMIT 1
