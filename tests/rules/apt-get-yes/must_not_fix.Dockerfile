# expect: none
FROM debian:12
RUN apt-get install -y --no-install-recommends a
RUN apt-get -qy install --no-install-recommends b
RUN apt-get install --yes --no-install-recommends c; apt-get --assume-yes install --no-install-recommends d
RUN apt-get -qq install --no-install-recommends e && apt-get -q -q install --no-install-recommends f
RUN apt-get install -q=2 --no-install-recommends g && apt-get install --quiet=2 --no-install-recommends h
RUN apt-get -o APT::Get::Assume-Yes=true install --no-install-recommends i
RUN apt-get --option=APT::Get::Assume-Yes=1 install --no-install-recommends j
RUN apt-get install -s --no-install-recommends k && apt-get install --assume-no --no-install-recommends l
RUN if apt-get install --dry-run --no-install-recommends jit > /dev/null; then echo ok; fi
RUN apt-get clean && apt-get source hello && apt-get check
RUN ["apt-get", "install", "curl"]
RUN sh -c "apt-get install curl" && echo 'apt-get install curl'
RUN echo 'unclosed && apt-get install curl
RUN cat <<EOF > /usr/local/bin/setup
apt-get install curl
EOF
RUN python3 <<EOF
print("apt-get install curl")
EOF
