"""How the mock writes what it sends, whoever sends it: JSON bodies (API responses, webhook payloads)
and printable documents (PDF, HTML). No HTTP and no business rule here.
"""
