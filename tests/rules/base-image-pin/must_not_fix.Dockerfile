# expect: none
ARG RUNNER="alpine:3.21"
# No default: the image comes from --build-arg.
ARG BUILDER
ARG NOT_AN_IMAGE=latest
FROM ${BUILDER} AS from-build-arg
FROM golang:1.23-alpine AS build
FROM build AS build2
# A toolchain no stage copies from.
FROM node:lts-alpine AS lint
FROM rust:slim AS check
FROM scratch AS empty
FROM gcr.io/distroless/static@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS static
FROM localhost:5000/team/app:1.4 AS local
FROM alpine:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS digest
FROM ${RUNNER}
COPY --from=build2 /app /app
COPY --from=empty / /
