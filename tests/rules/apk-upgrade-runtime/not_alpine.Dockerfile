# expect: none
FROM alpine:3.21 AS build
RUN apk add --no-cache build-base

FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
