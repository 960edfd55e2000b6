# expect: findings
# Without a pin in the configuration, floating images are only reported.
ARG BASE=debian
ARG TOOLS_IMAGE="busybox:latest"
ARG TAG=latest
FROM ${BASE} AS base
FROM --platform=$BUILDPLATFORM golang:alpine AS build
RUN go build -o /app .
FROM build AS test
FROM alpine:${TAG} AS tagged
# A registry port is no tag.
FROM localhost:5000/app AS local
FROM node:lts-alpine AS assets
RUN npm ci && npm run build
FROM ubuntu:latest
COPY --from=build /app /app
COPY --from=assets /src/dist /srv
