"""What a test or a person drives beside the API: scripted faults, canned stubs, the request journal,
and their HTTP face under ``/_mock/`` (the control plane, its access rules and the web inspector).
"""
