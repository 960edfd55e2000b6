# expect: none
# The builder runs as root, but it is not what the build produces.
FROM golang:1.23 AS build
RUN go build -o /server .

FROM gcr.io/distroless/static-debian12:nonroot AS distroless
COPY --from=build /server /server

FROM cgr.dev/chainguard/static:latest AS chainguard
COPY --from=build /server /server

FROM nginxinc/nginx-unprivileged:1.27-alpine AS unprivileged
COPY --from=build /server /server

# The last stage is built on one that switches users.
FROM build AS final
USER 65534:65534
FROM final
CMD ["/server"]
