/* units: pb_len, the one length unit of every stage (1/1024 pt, the same as
 * PANGO_SCALE), and its conversions. Consumes: nothing. Produces: the type
 * and macros; lengths become doubles only at the drawing boundary. */
#ifndef PB_UNITS_H
#define PB_UNITS_H

#include <stdint.h>

typedef int32_t pb_len;
#define PB_UNIT 1024
#define PB_PT(x) ((pb_len)((x) * (double)PB_UNIT + ((x) >= 0 ? 0.5 : -0.5)))
#define PB_MM(x) PB_PT((x) * 72.0 / 25.4)
#define PB_TO_PT(l) ((double)(l) / PB_UNIT)

#endif
