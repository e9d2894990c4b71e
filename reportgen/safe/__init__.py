"""Reading untrusted files safely: the bounded reader, text sanitising, YAML with line
numbers, spreadsheets within bounds, images."""
