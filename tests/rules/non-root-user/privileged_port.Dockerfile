# expect: findings
# Port 443 takes root to bind under Kubernetes' defaults. Reported, not fixed.
FROM golang:1.23-alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /out/proxy .

FROM alpine:3.21
COPY --from=build /out/proxy /usr/local/bin/proxy
EXPOSE 8080 443/tcp
ENTRYPOINT ["/usr/local/bin/proxy"]
