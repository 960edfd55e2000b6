# expect: findings
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /server .

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /server /server
ENTRYPOINT ["/server"]
