# expect: findings
FROM opensuse/leap:15.6 AS build
RUN zypper -n install gcc && zypper clean -a
COPY . /src
RUN gcc -o /src/app /src/main.c

FROM opensuse/leap:15.6
RUN zypper -n in cmake curl && zypper clean -a
COPY --from=build /src/app /usr/local/bin/app
