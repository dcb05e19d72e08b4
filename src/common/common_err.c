/* err_text: the Italian words for the ERR_* codes of common.h. */
#include "common.h"

const char *
err_text(int code)
{
	switch (code) {
	case 0:
		return "nessun errore";
	case ERR_NOMEM:
		return "memoria esaurita";
	case ERR_IO:
		return "errore di lettura o scrittura del database";
	case ERR_INVALID:
		return "dati non validi";
	case ERR_NOTFOUND:
		return "non trovato";
	case ERR_EXISTS:
		return "esiste già";
	case ERR_DENIED:
		return "operazione non consentita";
	case ERR_BUSY:
		return "database occupato da un altro processo, riprovare";
	case ERR_CONFLICT:
		return "lo stato è cambiato nel frattempo";
	case ERR_SCHEMA:
		return "schema del database sconosciuto o più recente";
	case ERR_LIMIT:
		return "limite raggiunto";
	default:
		return "errore sconosciuto";
	}
}
