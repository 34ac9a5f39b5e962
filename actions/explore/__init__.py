"""Pages that answer questions about one country, partner or theme, and the map, flows
and timeline views. Every figure they show is the count of a browse page and links to it."""
