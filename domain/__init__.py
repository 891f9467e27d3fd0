"""The programme's rules, as a pure domain: no I/O here but in `application`."""
