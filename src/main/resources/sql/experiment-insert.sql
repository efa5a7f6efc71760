INSERT INTO experiment (id, name, pipeline, metric, guardrail_metric, guardrail_max_delta, min_samples, significance,
                        status, created_by)
VALUES (:id, :name, :pipeline, :metric, :guardrailMetric, :guardrailMaxDelta, :minSamples, :significance, 'running',
        :createdBy)
