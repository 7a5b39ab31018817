"""The keys the mock adds to a WSGI environ: notes one step of a request leaves for a later one.

Imports nothing: the in-process transports and the loopback server set some of these before the app runs.
"""

# Set by a transport or server that carries out ``delay`` faults itself (after the app answered), so the app
# does not sleep them as well.
EDGE_WAITS = "invoiced_mock.edge_waits"
# The request's headers as ``(environ key, value)`` pairs, empty values left out, in environ order: set by the
# in-process transports, which build the environ from those pairs; read from the environ otherwise.
HEADER_PAIRS = "invoiced_mock.header_pairs"
# Reading the body failed once (a malformed chunk, a client gone): never try again.
UNREADABLE = "invoiced_mock.unreadable_body"
# The body parsed once, for the handler and the journal.
BODY_PARAMS = "invoiced_mock.body_params"
# A stub answered this request: its id.
STUBBED = "invoiced_mock.stubbed"
# A fault rule failed or delayed this request: the rule.
FAULTED = "invoiced_mock.faulted"
# The ids of the events this request's handler recorded (a ``range``).
RECORDED = "invoiced_mock.recorded_events"
