"""accountledger: the system of record for the lifecycle of platform accounts."""

__version__ = "0.1.0"
