# expect: none
FROM debian:12
RUN apt-get install -y --no-install-recommends a && apt-get --no-install-recommends -y install b
RUN apt-get install -y c --no-install-recommends
RUN apt-get install -y -o APT::Install-Recommends=false d && apt-get -o apt::install-recommends=0 install -y e
RUN apt-get --option=APT::Install-Recommends=no install -y f
RUN apt-get install -y --install-recommends g
RUN apt-get remove -y h && apt-get build-dep -y i && apt-get upgrade -y
RUN ["apt-get", "install", "-y", "curl"]
RUN sh -c "apt-get install -y curl" && echo 'apt-get install -y curl'
RUN cat <<EOF > /usr/local/bin/setup
apt-get install -y curl
EOF
