"""The dataset on disk: where it is, its descriptor, the one type map, reading CSV."""
