# expect: findings
FROM rust:1.83 AS build
RUN cargo install ripgrep

FROM debian:bookworm-slim
ARG VERSION=dev
ENV RUST_LOG=info
LABEL org.opencontainers.image.version=$VERSION
COPY --from=build /usr/local/cargo/bin/rg /usr/local/bin/rg
ENTRYPOINT ["rg"]
