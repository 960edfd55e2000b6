# expect: findings
# Files copied into / and the system's folders, however the path is spelled, stay root's;
# the others get --chown.
FROM golang:1.23-alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app . && go build -o /out/helper ./helper

FROM alpine:3.21
RUN apk add --no-cache ca-certificates
COPY --from=build /out/app /usr/local/bin/
COPY --from=build /out/helper //usr/bin/helper
COPY --from=build /out/helper /./libexec/app/helper
COPY --from=build /src/config.yaml /etc/app/
COPY --from=build /src/static /srv/../srv/static
COPY --from=build /src/data /data/
ENTRYPOINT ["/usr/local/bin/app"]
