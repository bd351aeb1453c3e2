"""The gRPC shell: servicer, error mapping, logging interceptor and the serve loop."""

from sourcecheck.server.app import Server, build_server

__all__ = ["Server", "build_server"]
