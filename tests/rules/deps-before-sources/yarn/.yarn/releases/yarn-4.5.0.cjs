// the Yarn release
