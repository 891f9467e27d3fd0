"""The store: the service layer over the event store, import and export, the store's
identity and URLs, and the one adapter to the event library (`store.adapter`). Everything
here does I/O; `domain/` stays pure."""
