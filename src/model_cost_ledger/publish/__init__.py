"""Files for other people: the published table, Parquet, descriptors, documents, the build."""
