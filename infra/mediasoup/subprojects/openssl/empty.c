/* A placeholder for mediasoup's link_whole list; it defines no symbol. */
typedef int oac_shim_placeholder;
