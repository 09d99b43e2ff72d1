# Finds the Debian packages newsdex builds against and gives each a target.
find_package(Xapian REQUIRED)
# Xapian's config file sets variables only; wrap them once in a target.
if(NOT TARGET Xapian::Xapian)
  add_library(Xapian::Xapian INTERFACE IMPORTED)
  set_target_properties(Xapian::Xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()
find_package(CLI11 REQUIRED)
find_package(Boost REQUIRED COMPONENTS filesystem)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
