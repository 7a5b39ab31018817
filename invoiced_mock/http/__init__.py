"""The HTTP edge: authentication, routing, parameter parsing and responses. No business rule here."""
