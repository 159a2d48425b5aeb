#include "cli/app.h"

int main(int argc, char** argv) { return scimd::cli::Main(argc, argv); }
