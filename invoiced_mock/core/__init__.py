"""The resource framework: declarations, generic CRUD, lists, presentation and events. No HTTP here."""
