# expect: findings
# A trigger runs in the builds of the images made from this one, and may use git there.
FROM golang:1.23-alpine AS build
RUN apk add --no-cache git
COPY . /src
RUN cd /src && go build -o /app .

FROM alpine:3.21
RUN apk add --no-cache ca-certificates git
COPY --from=build /app /app
ONBUILD RUN git clone https://example.invalid/x /x
CMD ["/app"]
