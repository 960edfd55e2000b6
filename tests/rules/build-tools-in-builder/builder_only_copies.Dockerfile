# expect: findings
# The stage the runtime stage copies from only downloads: the tools are not moved there.
FROM debian:bookworm-slim AS fetch
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN curl -fsSLo /tool.tar.gz https://example.com/tool.tar.gz

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/*
COPY --from=fetch /tool.tar.gz /opt/
