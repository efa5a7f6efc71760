-- Generated artifacts are embedded after the agent has replied (route artifact-embedding), not on the reply's way:
-- embed_text is the text to embed (NULL: nothing to embed, e.g. a pipeline run's artifacts), cleared once its vector
-- is written; reply_to is the turn (or "run:<id>") the artifact answers, kept in the vector's metadata;
-- embedded_at is when the vector was written.
ALTER TABLE generated_artifact
    ADD COLUMN embed_text  text,
    ADD COLUMN reply_to    varchar(120),
    ADD COLUMN embedded_at timestamptz;
CREATE INDEX generated_artifact_embed_pending_idx ON generated_artifact (created_at)
    WHERE embed_text IS NOT NULL AND embedded_at IS NULL;
