FROM --platform=$BUILDPLATFORM golang:1.23 AS build
COPY --from=build --chown=app:app --chmod=755 --link --parents --exclude=*.md src/ /dst/
RUN --mount=type=cache,target=/root/.cache/go-build --network=none --security=insecure go build ./...
ADD --checksum=sha256:abc https://example.com/x.tar.gz /x
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD wget -q -O- http://localhost/ || exit 1
RUN --mount="type=secret,id=npm" --a="x y" echo done
