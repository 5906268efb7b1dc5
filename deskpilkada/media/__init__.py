"""Media monitoring: Indonesian news in, structured signals out, one story per press release (issue 5)."""
