# expect: findings
# The `ENTRYPOINT` runs `make` in a shell of its own.
FROM debian:bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc \
 && rm -rf /var/lib/apt/lists/*
RUN gcc -o /hello hello.c

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends make ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /hello /usr/local/bin/hello
ENTRYPOINT ["bash", "-lc", "make -C /srv serve"]
