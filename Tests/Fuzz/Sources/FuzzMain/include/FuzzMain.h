// Nothing to import: FuzzMain.c only defines the fuzz targets' entry points (see there).
