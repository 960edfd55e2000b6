# expect: findings
# Alpine's `docker` package is the engine, which runs as root; `docker-cli` alone would be fixed.
FROM alpine:3.21
RUN apk add --no-cache docker
COPY app /app
CMD ["/app"]
