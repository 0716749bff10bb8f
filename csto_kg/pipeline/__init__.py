"""The pipeline wing: `csto-kg pipeline`, the build's work on Apache Spark (per article, per event, per shard)."""
