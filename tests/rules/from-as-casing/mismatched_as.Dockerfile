# expect: findings
FROM golang:1.23 as build
RUN go version
FROM alpine:3.21 As base
from alpine:3.21 AS lower
FROM --platform=$BUILDPLATFORM alpine:3.21 \
    aS \
    continued
