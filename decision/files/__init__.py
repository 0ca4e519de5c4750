"""Files a team brings and takes: workshop YAML, criteria sets, CSV in and out, tables.

Every reader refuses a bad file whole, with an error that names the file, the
place in it and the problem; nothing is ever half-read.
"""
