"""One module per family of pages; each exports ``routes`` (an aiohttp RouteTableDef)."""
