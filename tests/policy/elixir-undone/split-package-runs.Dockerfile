# syntax=docker/dockerfile:1
# An Elixir release built on an Alpine builder and run on Alpine as a non-root user.

ARG ELIXIR_VERSION=1.17.3
ARG OTP_VERSION=27.1.2
ARG BUILDER_IMAGE="hexpm/elixir:${ELIXIR_VERSION}-erlang-${OTP_VERSION}-alpine-3.21.0"
ARG RUNNER_IMAGE="alpine:3.21"

FROM ${BUILDER_IMAGE} AS builder

# Compilers for the native dependencies.
RUN apk add --no-cache build-base git

WORKDIR /app
ENV MIX_ENV=prod

RUN mix local.hex --force && \
    mix local.rebar --force

# Dependencies first, so that their layer stays cached while the source changes.
COPY mix.exs mix.lock ./
RUN mix deps.get --only prod
COPY . .
RUN mix compile && mix release

FROM ${RUNNER_IMAGE}

RUN apk upgrade --no-cache
RUN apk add --no-cache libstdc++ openssl ncurses-libs ca-certificates
RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app
USER 10001:10001

WORKDIR /app
ENV MIX_ENV=prod
COPY --from=builder --chown=10001:10001 /app/_build/prod/rel/my_app ./

CMD ["/app/bin/my_app", "start"]
