# expect: findings
FROM golang:1.23-alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /out/server ./cmd/server

FROM alpine:3.21
RUN apk add --no-cache ca-certificates tzdata
# The binary and its assets.
WORKDIR /srv
COPY --from=build /out/server /usr/local/bin/server
COPY --link --from=build /src/assets ./assets
COPY --from=build --chown=root:root /src/LICENSE /srv/
COPY config.yaml /etc/server/
EXPOSE 8080
ENTRYPOINT ["server"]
CMD ["--config", "/etc/server/config.yaml"]
