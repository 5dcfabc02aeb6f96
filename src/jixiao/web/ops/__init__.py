"""Operations: request ids, structured logs and the health endpoints a load balancer polls."""
