"""Running policy-rules as a pre-publish lint: configuration, inputs, suppressions and baselines."""
