"""sourcecheck: source-reliability scoring for news claims.

The pure scoring pipeline lives in `sourcecheck.core`; the gRPC server,
stores and CLI around it are the shell.
"""

__version__ = "0.1.0"
