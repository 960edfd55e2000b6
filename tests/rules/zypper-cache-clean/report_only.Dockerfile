# expect: findings
FROM opensuse/leap:15.6
# The cache is inside the root; the clean needs the same option.
RUN zypper --root /rootfs -n install bash
# The script does not end in a command a clean can follow.
RUN zypper -n install curl;
