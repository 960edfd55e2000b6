ARG BASE=alpine
ARG TAG=3.21
FROM ${BASE}:${TAG} AS runtime
FROM runtime
FROM ghcr.io/org/app:1.2@sha256:0123 AS pinned
