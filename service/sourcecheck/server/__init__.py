"""The gRPC shell: servicer, error mapping, logging interceptor and the serve loop (`app`), and the
serving of several processes on one port (`processes`). Nothing is imported here, so that
`processes` can set up the metrics library's multiprocess mode before anything loads it."""
