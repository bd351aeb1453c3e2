#!/usr/bin/env python3
"""Container health check: ask the server's grpc.health.v1 service whether it is SERVING.

Shipped in the image as /opt/sourcecheck/healthcheck.py and run by the Dockerfile's HEALTHCHECK
and compose. Exit 0 when SERVING, 1 otherwise (NOT_SERVING while draining, no answer, refused).

    healthcheck.py [TARGET] [SERVICE]

TARGET defaults to 127.0.0.1 on the port of SOURCECHECK_ADDRESS (else 50051); SERVICE defaults
to sourcecheck.v1.ScoringService. With SOURCECHECK_TLS_CERT set the check speaks TLS, trusting
SOURCECHECK_HEALTHCHECK_CA (default: the server's own certificate) and naming the server
SOURCECHECK_HEALTHCHECK_AUTHORITY (default: localhost). Health is open without an API key.
"""

from __future__ import annotations

import os
import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

SERVICE = "sourcecheck.v1.ScoringService"


def _channel(target: str) -> grpc.Channel:
    cert = os.environ.get("SOURCECHECK_TLS_CERT")
    if not cert:
        return grpc.insecure_channel(target)
    with open(os.environ.get("SOURCECHECK_HEALTHCHECK_CA", cert), "rb") as handle:
        roots = handle.read()
    authority = os.environ.get("SOURCECHECK_HEALTHCHECK_AUTHORITY", "localhost")
    return grpc.secure_channel(
        target,
        grpc.ssl_channel_credentials(root_certificates=roots),
        options=[("grpc.ssl_target_name_override", authority)],
    )


def main(argv: list[str]) -> int:
    port = os.environ.get("SOURCECHECK_ADDRESS", ":50051").rpartition(":")[2] or "50051"
    target = argv[1] if len(argv) > 1 else f"127.0.0.1:{port}"
    service = argv[2] if len(argv) > 2 else SERVICE
    try:
        with _channel(target) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            status = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=3).status
    except grpc.RpcError as error:
        print(f"{target} {service or '(server)'}: {error.code().name}", file=sys.stderr)
        return 1
    name = health_pb2.HealthCheckResponse.ServingStatus.Name(status)
    print(f"{target} {service or '(server)'}: {name}")
    return 0 if status == health_pb2.HealthCheckResponse.SERVING else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
