# expect: findings
# The `scratch` stage takes its users from the builder's /etc/passwd, where gopher is 1234:
# the stage switches to that user rather than to ids the file does not have.
FROM golang:1.23 AS build
RUN groupadd -g 1234 gopher && useradd -u 1234 -g gopher gopher
COPY . /src
RUN cd /src && CGO_ENABLED=0 go build -o /app .

FROM scratch
COPY --from=build /etc/passwd /etc/group /etc/
COPY --from=build /app /app
ENTRYPOINT ["/app"]
